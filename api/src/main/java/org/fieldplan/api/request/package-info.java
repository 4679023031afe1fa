/**
 * Service requests: intake (routing by zone), the lifecycle state machine, optimistic concurrency,
 * history, comments and ratings. The pure rules ({@link org.fieldplan.api.request.RequestLifecycle},
 * {@link org.fieldplan.api.request.RegistrationNumber}, {@link org.fieldplan.api.request.ZoneChoice})
 * carry no Spring or SQL so they can be read and tested on their own.
 */
@NullMarked
package org.fieldplan.api.request;

import org.jspecify.annotations.NullMarked;
