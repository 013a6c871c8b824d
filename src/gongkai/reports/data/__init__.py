"""Files the demo imports: the 2020 report of 西工区文化旅游局 as it was published."""
