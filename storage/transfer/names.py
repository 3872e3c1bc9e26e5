"""How names in a file are compared: exactly to match, loosely to catch near misses."""


def loose_key(name: str) -> str:
    """``"Grow  revenue"`` and ``"grow revenue"`` share a key: they are probably one thing."""
    return " ".join(name.split()).casefold()
