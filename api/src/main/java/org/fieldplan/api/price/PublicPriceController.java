package org.fieldplan.api.price;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The booking form's price preview: anonymous, rate-limited per client address like the rest of /api/public. */
@RestController
class PublicPriceController {

    private final PricePreviews previews;

    PublicPriceController(PricePreviews previews) {
        this.previews = previews;
    }

    @Operation(summary = "Preview the price of services at an address for the booking form (extras by zone)")
    @CallableBy(anonymous = true)
    @PostMapping("/api/public/prices/preview")
    PreviewView preview(@RequestBody PreviewInput input) {
        return previews.preview(new PreviewInput(input.zoneId(), input.lat(), input.lon(), null, input.services(),
                input.declinedExtras(), input.lang()), null);
    }
}
