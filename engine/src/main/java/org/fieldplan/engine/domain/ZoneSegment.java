package org.fieldplan.engine.domain;

/**
 * A part of a shift in which the technician serves one zone, in seconds since the plan's origin.
 * A visit in that zone may be served in the segment when its whole service lies in {@code [start, end]}.
 */
public record ZoneSegment(Zone zone, long start, long end) {

    public ZoneSegment {
        if (end < start) {
            throw new IllegalArgumentException("The zone segment for zone (" + zone.id() + ") ends (" + end
                    + " s) before it starts (" + start + " s).");
        }
    }

    /** Whether the service interval {@code [serviceStart, serviceEnd]} lies inside this segment. */
    public boolean covers(long serviceStart, long serviceEnd) {
        return serviceStart >= start && serviceEnd <= end;
    }

    /** Seconds of {@code [serviceStart, serviceEnd]} that lie before or after this segment. */
    public long secondsOutside(long serviceStart, long serviceEnd) {
        long before = Math.max(0, Math.min(serviceEnd, start) - serviceStart);
        long after = Math.max(0, serviceEnd - Math.max(serviceStart, end));
        return before + after;
    }
}
