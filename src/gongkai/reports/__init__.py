"""The annual report (政府信息公开工作年度报告) built from the records, checked, versioned,
published, and reviewed by the supervising office."""
