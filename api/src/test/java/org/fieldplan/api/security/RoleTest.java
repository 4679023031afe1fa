package org.fieldplan.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void codesMatchTheRowsOfAppRoleAndRoundTrip() {
        assertThat(Role.values()).extracting(Role::code).containsExactly("administrator", "director", "head_of_department", "dispatcher",
                "technician", "customer");
        for (Role role : Role.values()) {
            assertThat(Role.fromCode(role.code())).isEqualTo(role);
            assertThat(role.authority()).isEqualTo("ROLE_" + role.name());
        }
        assertThat(Role.fromCode(" Dispatcher ")).isEqualTo(Role.DISPATCHER);
    }

    @Test
    void anUnknownRoleNamesTheValueAndTheChoices() {
        assertThatThrownBy(() -> Role.fromCode("manager"))
                .hasMessage("Unknown role 'manager'; expected one of administrator, director, head_of_department, dispatcher, "
                        + "technician, customer.");
    }

    @Test
    void aDirectorAndAHeadOfDepartmentActAsDispatchersAndNothingActsAsAnAdministrator() {
        assertThat(Role.DIRECTOR.withIncluded()).containsExactlyInAnyOrder(Role.DIRECTOR, Role.HEAD_OF_DEPARTMENT, Role.DISPATCHER);
        assertThat(Role.HEAD_OF_DEPARTMENT.withIncluded()).containsExactlyInAnyOrder(Role.HEAD_OF_DEPARTMENT, Role.DISPATCHER);
        assertThat(Role.DISPATCHER.withIncluded()).containsExactly(Role.DISPATCHER);
        assertThat(Role.callers(Role.ADMINISTRATOR)).containsExactly(Role.ADMINISTRATOR);
        assertThat(Role.callers(Role.ADMINISTRATOR, Role.DISPATCHER)).containsExactly(Role.ADMINISTRATOR, Role.DIRECTOR,
                Role.HEAD_OF_DEPARTMENT, Role.DISPATCHER);
        assertThat(new CurrentUser(3, "dora", Role.DIRECTOR, null, null).is(Role.DISPATCHER)).isTrue();
        assertThat(new CurrentUser(3, "dora", Role.DIRECTOR, null, null).is(Role.ADMINISTRATOR)).isFalse();
        assertThat(new CurrentUser(4, "dan", Role.DISPATCHER, null, null).is(Role.HEAD_OF_DEPARTMENT)).isFalse();
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
