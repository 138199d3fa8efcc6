"""Any OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp): a private model as the provider."""
