-- Request ids were kept as sent (lower-cased); they are now kept in the UUID's canonical, hyphenated form, so
-- that a retry spelled differently (without dashes, in braces, as urn:uuid:) finds its request. Rows already
-- canonical are untouched; if two rows turn out to be the same id, the later keeps its old spelling.
UPDATE OR IGNORE contact_requests
   SET request_id = substr(x.h, 1, 8) || '-' || substr(x.h, 9, 4) || '-' || substr(x.h, 13, 4) || '-'
                    || substr(x.h, 17, 4) || '-' || substr(x.h, 21, 12)
  FROM (SELECT id AS row_id,
               lower(replace(replace(replace(replace(request_id, 'urn:uuid:', ''), '{', ''), '}', ''), '-', '')) AS h
          FROM contact_requests) AS x
 WHERE x.row_id = contact_requests.id
   AND length(x.h) = 32
   AND contact_requests.request_id <> substr(x.h, 1, 8) || '-' || substr(x.h, 9, 4) || '-' || substr(x.h, 13, 4)
                                      || '-' || substr(x.h, 17, 4) || '-' || substr(x.h, 21, 12);
