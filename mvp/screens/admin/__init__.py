"""The admin app's one page: the self-refreshing platform monitor."""
