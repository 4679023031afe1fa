/**
 * Prices: the catalogue (base price, unit, "from", request type), price modifiers and the rule that combines them
 * ({@link org.fieldplan.api.price.PriceRules}), extra services by zone or management company, and the preview a form
 * shows. The price of a request is computed here and written onto the request by the request feature.
 */
@NullMarked
package org.fieldplan.api.price;

import org.jspecify.annotations.NullMarked;
