package org.fieldplan.api.request;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A service request as the API shows it. {@code allowedNextStatuses} are the moves the caller may make
 * now; {@code version} is also sent as the ETag and must come back in If-Match to change the request.
 */
public record ServiceRequestView(
        long id,
        String registrationNumber,
        String status,
        List<String> allowedNextStatuses,
        long customerId,
        String customerName,
        @Nullable Long addressId,
        String addressLine,
        double lat,
        double lon,
        @Nullable Long zoneId,
        @Nullable String zoneName,
        @Nullable Long dispatcherId,
        boolean outsideServiceArea,
        String source,
        int priority,
        OffsetDateTime deadline,
        @Nullable PreferredWindow preferredWindow,
        @Nullable Long technicianId,
        @Nullable String description,
        List<ServiceLineView> services,
        @Nullable RatingView rating,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        int version,
        @Nullable PriceView price) {

    /**
     * One service of the request with its price: {@code listPrice} the catalogue's, {@code unitPrice} after the
     * {@code modifiers} that applied (their names), {@code lineTotal}; {@code extra} when added as an extra service.
     */
    public record ServiceLineView(int line, long serviceTypeId, String serviceTypeCode, String serviceTypeName,
                                  int quantity, BigDecimal unitPrice, boolean priceIsFrom, @Nullable BigDecimal listPrice,
                                  @Nullable BigDecimal lineTotal, boolean extra, List<String> modifiers) {
    }

    /** The request's price: total ("from" when any line is), currency, request type, when the prices were frozen. */
    public record PriceView(@Nullable String requestType, @Nullable BigDecimal total, boolean from,
                            @Nullable String currency, @Nullable OffsetDateTime frozenAt) {
    }

    public record RatingView(int stars, @Nullable String text, OffsetDateTime ratedAt) {
    }
}
