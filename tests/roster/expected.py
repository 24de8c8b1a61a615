"""What the test bundles hold, shared by the reader's and the importer's tests."""

MINIMAL_COUNTS = {
    "orgs": 1,
    "people": 11,
    "classes": 3,
    "enrollments": 7,
    "guardianships": 5,
    "resources": 3,
    "academic_sessions": 3,
}
