/**
 * The customer's side: sign-in without a password (a one-time code or link sent to the e-mail or phone of the customer
 * record), contact people of an organisation each with their own sign-in, staff invitations, and the cabinet's API
 * (the organisation's requests with a timeline, public comments, the actions open now, rating, notification
 * preferences). Writes {@code customer_member} and {@code sign_in_code}; requests change only through the request
 * feature, customers' preferences through the customer feature.
 */
@NullMarked
package org.fieldplan.api.cabinet;

import org.jspecify.annotations.NullMarked;
