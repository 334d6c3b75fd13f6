"""Word documents in the form of an administrative document (Decree 30/2020/NĐ-CP): the page, the
header block, the signature block (:mod:`archtool.word.form`) and the writer that turns archtool's
Markdown into DOCX (:mod:`archtool.word.writer`). The plan and the review opinion both use them."""
