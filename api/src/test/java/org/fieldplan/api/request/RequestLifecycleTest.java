package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldplan.api.request.RequestStatus.ACCEPTED;
import static org.fieldplan.api.request.RequestStatus.AGREED;
import static org.fieldplan.api.request.RequestStatus.CANCELLED;
import static org.fieldplan.api.request.RequestStatus.DISPUTED;
import static org.fieldplan.api.request.RequestStatus.DONE;
import static org.fieldplan.api.request.RequestStatus.IN_PROGRESS;
import static org.fieldplan.api.request.RequestStatus.NEW;
import static org.fieldplan.api.request.RequestStatus.QUOTED;
import static org.fieldplan.api.request.RequestStatus.REFUSED;
import static org.fieldplan.api.request.RequestStatus.SCHEDULED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.fieldplan.api.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestLifecycleTest {

    /** The lifecycle as issue 4 states it, written out by hand. */
    private static final Map<RequestStatus, Set<RequestStatus>> EXPECTED = Map.of(
            NEW, EnumSet.of(QUOTED, CANCELLED),
            QUOTED, EnumSet.of(AGREED, REFUSED, CANCELLED),
            AGREED, EnumSet.of(SCHEDULED, CANCELLED),
            REFUSED, EnumSet.noneOf(RequestStatus.class),
            SCHEDULED, EnumSet.of(IN_PROGRESS, CANCELLED),
            IN_PROGRESS, EnumSet.of(DONE),
            DONE, EnumSet.of(ACCEPTED, DISPUTED),
            ACCEPTED, EnumSet.noneOf(RequestStatus.class),
            DISPUTED, EnumSet.of(IN_PROGRESS),
            CANCELLED, EnumSet.noneOf(RequestStatus.class));

    @Test
    void everyPairOfStatusesIsLegalExactlyWhenTheIssueSaysSo() {
        for (RequestStatus from : RequestStatus.values()) {
            for (RequestStatus to : RequestStatus.values()) {
                assertThat(RequestLifecycle.isLegal(from, to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(EXPECTED.get(from).contains(to));
            }
            assertThat(RequestLifecycle.next(from)).as("next(%s)", from).isEqualTo(EXPECTED.get(from));
        }
    }

    @Test
    void closedStatusesAreTheFinalOnes() {
        EnumSet<RequestStatus> closed = EnumSet.noneOf(RequestStatus.class);
        for (RequestStatus status : RequestStatus.values()) {
            if (status.isClosed()) {
                closed.add(status);
            }
        }
        assertThat(closed).containsExactlyInAnyOrder(REFUSED, ACCEPTED, CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ADMINISTRATOR", "DISPATCHER"})
    void staffMayMakeEveryLegalMove(Role staff) {
        for (RequestStatus from : RequestStatus.values()) {
            assertThat(RequestLifecycle.nextFor(from, staff)).as("%s from %s", staff, from).isEqualTo(EXPECTED.get(from));
        }
    }

    @Test
    void customerAgreesRefusesAcceptsDisputesAndCancelsEarlyOnly() {
        assertThat(RequestLifecycle.nextFor(NEW, Role.CUSTOMER)).containsExactly(CANCELLED);
        assertThat(RequestLifecycle.nextFor(QUOTED, Role.CUSTOMER)).containsExactlyInAnyOrder(AGREED, REFUSED, CANCELLED);
        assertThat(RequestLifecycle.nextFor(AGREED, Role.CUSTOMER)).containsExactly(CANCELLED);
        assertThat(RequestLifecycle.nextFor(SCHEDULED, Role.CUSTOMER)).containsExactly(CANCELLED);
        assertThat(RequestLifecycle.nextFor(IN_PROGRESS, Role.CUSTOMER)).isEmpty();
        assertThat(RequestLifecycle.nextFor(DONE, Role.CUSTOMER)).containsExactlyInAnyOrder(ACCEPTED, DISPUTED);
        assertThat(RequestLifecycle.nextFor(DISPUTED, Role.CUSTOMER)).isEmpty();
    }

    @Test
    void technicianOnlyStartsAndFinishesWork() {
        for (RequestStatus from : RequestStatus.values()) {
            Set<RequestStatus> expected = switch (from) {
                case SCHEDULED, DISPUTED -> EnumSet.of(IN_PROGRESS);
                case IN_PROGRESS -> EnumSet.of(DONE);
                default -> EnumSet.noneOf(RequestStatus.class);
            };
            assertThat(RequestLifecycle.nextFor(from, Role.TECHNICIAN)).as("technician from %s", from).isEqualTo(expected);
        }
    }

    @Test
    void anIllegalMoveNamesBothStatusesAndListsTheAllowedOnes() {
        assertThatThrownBy(() -> RequestLifecycle.check(NEW, DONE, Role.ADMINISTRATOR))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(NEW);
                    assertThat(e.to()).isEqualTo(DONE);
                    assertThat(e.allowed()).containsExactlyInAnyOrder(QUOTED, CANCELLED);
                })
                .hasMessage("A service request in status 'new' cannot move to 'done'. Allowed from 'new': quoted, cancelled.");
    }

    @Test
    void aMoveOutOfAFinalStatusSaysItIsFinal() {
        assertThatThrownBy(() -> RequestLifecycle.check(CANCELLED, NEW, Role.ADMINISTRATOR))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("'cancelled' is final");
    }

    @Test
    void aLegalMoveByTheWrongRoleIsNotPermittedRatherThanIllegal() {
        assertThatThrownBy(() -> RequestLifecycle.check(DONE, ACCEPTED, Role.TECHNICIAN))
                .isInstanceOfSatisfying(TransitionNotPermittedException.class,
                        e -> assertThat(e.allowedForRole()).isEmpty())
                .hasMessageContaining("technician may not move");
        assertThatThrownBy(() -> RequestLifecycle.check(SCHEDULED, CANCELLED, Role.TECHNICIAN))
                .isInstanceOfSatisfying(TransitionNotPermittedException.class,
                        e -> assertThat(e.allowedForRole()).containsExactly(IN_PROGRESS));
    }

    @Test
    void aLegalMoveByAnAllowedRolePasses() {
        RequestLifecycle.check(QUOTED, AGREED, Role.CUSTOMER);
        RequestLifecycle.check(DISPUTED, IN_PROGRESS, Role.TECHNICIAN);
        assertThat(RequestLifecycle.whoMay(QUOTED, AGREED)).containsExactlyInAnyOrder(Role.ADMINISTRATOR, Role.DIRECTOR, Role.HEAD_OF_DEPARTMENT,
                Role.DISPATCHER, Role.CUSTOMER);
    }

    @Test
    void statusCodesRoundTripAndUnknownOnesAreNamed() {
        for (RequestStatus status : RequestStatus.values()) {
            assertThat(RequestStatus.fromCode(status.code())).isEqualTo(status);
        }
        assertThat(RequestStatus.fromCode("In-Progress")).isEqualTo(IN_PROGRESS);
        assertThatThrownBy(() -> RequestStatus.fromCode("finished"))
                .hasMessageContaining("'finished'")
                .hasMessageContaining("in_progress");
    }
}
