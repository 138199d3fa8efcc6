"""LLM providers behind one interface (base), chosen by the registry; pricing and token estimates."""
