-- The address index (docs/desk.md) is rebuilt when the rules or settings that built it change, not only when the
-- extract's checksum does (issue 13: localities now come from administrative boundaries). `rules` holds what built
-- the stored index (AddressImport.rules(): the extractor's rules version, the boundaries' admin_level and the
-- locality name tag); an index built before this column existed has '' and is rebuilt once on the next start.
ALTER TABLE address_import ADD COLUMN rules varchar(200) NOT NULL DEFAULT '';
-- how many administrative boundaries were assembled into localities (0: the nearest place named every locality)
ALTER TABLE address_import ADD COLUMN boundaries integer NOT NULL DEFAULT 0;
