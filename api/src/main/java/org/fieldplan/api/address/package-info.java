/**
 * The address index (docs/desk.md): houses and streets of the map's OSM extract with their localities, imported
 * into PostgreSQL once per extract checksum ({@link org.fieldplan.api.address.AddressImport}) and searched through
 * trigram indexes, case- and accent-insensitively ({@link org.fieldplan.api.address.AddressIndex}); each suggestion
 * names the zones it falls in. The desk calls {@code GET /api/addresses}; the public booking form's search uses the
 * same index without the staff details.
 */
@NullMarked
package org.fieldplan.api.address;

import org.jspecify.annotations.NullMarked;
