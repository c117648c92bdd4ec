-- Chinese is written without spaces, so the search index cuts its text into overlapping character pairs
-- (差旅费 → 差旅 旅费 费) and keeps runs of Latin letters and digits whole (docs/search.md). The last
-- character of each Chinese run also stands alone, so a one-character prefix query ('费':*) finds every
-- occurrence. Pairs of one run get consecutive positions, so a phrase (差旅 <-> 旅费) needs them adjacent;
-- positions are run × 16 + offset rather than a running count, which costs a window function per row;
-- 16 rather than 32 (0006) keeps phrases working to the 1,000th run of long vouchers before positions cap at 16383.
CREATE OR REPLACE FUNCTION acta_search_vector(body text, weight "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(setweight(string_agg(CASE WHEN ascii(r.m[1]) < 128 THEN left(r.m[1], 64) ELSE substr(r.m[1], i, 2) END || ':' || least(r.n * 16 + i, 16383), ' ')::tsvector, weight), ''::tsvector)
  FROM regexp_matches(lower(normalize(coalesce(body, ''), NFKC)), '[a-z0-9]+|[㐀-䶿一-鿿豈-﫿]+', 'g') WITH ORDINALITY AS r(m, n)
  CROSS JOIN LATERAL generate_series(1, CASE WHEN ascii(r.m[1]) < 128 THEN 1 ELSE length(r.m[1]) END) AS i
$$;
