"""Administrative reconsideration and litigation (行政复议、行政诉讼) about disclosure."""
