package org.fieldplan.engine.slots;

/** Why a window cannot be offered, from the first check that fails (in this order). */
public enum Unavailability {
    /** The deadline comes before this day, or before the service could end inside this window. */
    DEADLINE,
    /** Nobody works on this day during this window. */
    NO_SHIFT,
    /** Nobody working during this window has the required skills. */
    NO_SKILL,
    /** Nobody with the skills serves the visit's zone(s) during this window. */
    NO_ZONE,
    /** Routes serve the zone with the skills, but none can take the visit without breaking a rule. */
    FULL
}
