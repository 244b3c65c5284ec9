"""Pure numeric core: numpy and the standard library only, nothing of the web."""
