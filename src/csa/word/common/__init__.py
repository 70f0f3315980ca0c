"""What the Word jobs share: the ids a document carries, the house styles, the package's bytes."""
