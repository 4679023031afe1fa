package org.fieldplan.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void codesMatchTheRowsOfAppRoleAndRoundTrip() {
        assertThat(Role.values()).extracting(Role::code).containsExactly("administrator", "dispatcher", "technician", "customer");
        for (Role role : Role.values()) {
            assertThat(Role.fromCode(role.code())).isEqualTo(role);
            assertThat(role.authority()).isEqualTo("ROLE_" + role.name());
        }
        assertThat(Role.fromCode(" Dispatcher ")).isEqualTo(Role.DISPATCHER);
    }

    @Test
    void anUnknownRoleNamesTheValueAndTheChoices() {
        assertThatThrownBy(() -> Role.fromCode("director"))
                .hasMessage("Unknown role 'director'; expected one of administrator, dispatcher, technician, customer.");
    }

    @Test
    void onlyCustomersAreNotStaff() {
        assertThat(Role.CUSTOMER.isStaff()).isFalse();
        assertThat(Role.TECHNICIAN.isStaff()).isTrue();
        assertThat(Role.ADMINISTRATOR.isStaff()).isTrue();
    }

    @Test
    void theSystemActorActsAsAnAdministratorWithoutAUserId() {
        CurrentUser system = CurrentUser.system("demo loader");
        assertThat(system.role()).isEqualTo(Role.ADMINISTRATOR);
        assertThat(system.recordedUserId()).isNull();
        assertThat(new CurrentUser(5, "anna", Role.CUSTOMER, 9L, null).recordedUserId()).isEqualTo(5L);
    }
}
