/**
 * Files attached to a service request or to a comment: type detected from the content (Apache Tika), size limits per
 * type, SHA-256 checksums and metadata in PostgreSQL, the bytes behind one {@link org.fieldplan.api.file.FileStore}
 * (a local directory by default), thumbnails for images, downloads with an RFC 6266 Content-Disposition.
 */
@NullMarked
package org.fieldplan.api.file;

import org.jspecify.annotations.NullMarked;
