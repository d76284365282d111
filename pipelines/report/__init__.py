"""What analysts read besides SQL: the HTML report, exports, the data dictionary, the example questions."""
