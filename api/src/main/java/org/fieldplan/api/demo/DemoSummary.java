package org.fieldplan.api.demo;

import java.util.List;

/**
 * What the demo company holds after loading, and what this run added (zero everywhere on a second run).
 *
 * @param logins every demo login: username and role (all share the configured demo password)
 */
public record DemoSummary(int zones, int technicians, int scheduleIntervals, int customers, int serviceRequests,
                          int intervalsAdded, int customersAdded, int requestsAdded, List<Login> logins) {

    public record Login(String username, String role, String who) {}
}
