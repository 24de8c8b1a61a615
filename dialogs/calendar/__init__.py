"""Calendar questions: school days, breaks and holidays, from the school calendar."""
