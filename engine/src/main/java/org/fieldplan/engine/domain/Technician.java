package org.fieldplan.engine.domain;

import java.util.Set;

/** A person who does the visits: their skills and where they start from by default. */
public record Technician(String id, String name, Set<Skill> skills, Location home) {

    public Technician {
        if (id.isBlank()) {
            throw new IllegalArgumentException("A technician id is blank (name '" + name + "').");
        }
        skills = Set.copyOf(skills);
    }

    public boolean has(Skill skill) {
        return skills.contains(skill);
    }

    @Override
    public String toString() {
        return id;
    }
}
