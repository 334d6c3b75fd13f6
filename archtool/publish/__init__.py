"""``archtool build``: diagrams, Excel matrices, plan documents and the HTML report (docs/build.md)."""
