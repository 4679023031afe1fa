package org.fieldplan.api.technician;

import java.util.List;

/** A team: technicians whose schedule can be given once for all of them. */
public record TeamView(long id, String name, List<Long> technicianIds) {}
