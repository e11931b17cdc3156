"""What each command shows, as format-neutral documents (views/document.py), built from kb records."""
