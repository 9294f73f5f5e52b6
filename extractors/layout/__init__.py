"""How one text is laid out, read once and shared: the header zone of an official document
(``header``: issuing body, "Số: 575/QĐ-UBND", place and date), its signature block
(``signature``: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A"), a news page's headline and
byline (``news``, ``bylines``) and a republisher's metadata table (``doc_table``).

Document metadata and people read these analyses; they find no facts themselves.
"""
