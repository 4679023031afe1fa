package org.fieldplan.api.technician;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record TeamInput(@NotBlank @Size(max = 200) String name) {}
