// name: documents-citing
// answers: the documents that cite a document, given its id or 文号 (引用某文件的文件)
// params: document — document id or number, e.g. 深府〔2011〕165号
MATCH (d:Document)-[:CITES]->(c:Document)
WHERE c.id = $document OR c.doc_number = $document
RETURN DISTINCT d.id AS citing, d.title AS title, d.doc_number AS doc_number
ORDER BY citing
