"""The booking flow: everything about it in one folder (see the README's "How it is built")."""
