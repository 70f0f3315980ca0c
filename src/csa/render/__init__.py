"""Model -> HTML (pure) and HTML -> PDF (WeasyPrint)."""
