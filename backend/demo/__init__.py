"""Demo accounts and sample personas, and seeding them into an empty database."""
