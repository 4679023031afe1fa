package org.fieldplan.api.security;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.util.EnumSet;
import java.util.List;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads users from {@code app_user} with their roles ({@code app_user_role}) and the customer or technician
 * record that points at them ({@code customer.user_id}, or {@code customer_member} for each contact person of an
 * organisation). A user with several roles acts with the strongest one
 * (administrator &gt; dispatcher &gt; technician &gt; customer).
 */
@Service
class FieldPlanUserDetailsService implements UserDetailsService {

    private final DSLContext db;

    FieldPlanUserDetailsService(DSLContext db) {
        this.db = db;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        Record user = db.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.PASSWORD_HASH, APP_USER.ENABLED)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(username))
                .fetchOne();
        if (user == null) {
            throw new UsernameNotFoundException("No user named '" + username + "'.");
        }
        long id = user.get(APP_USER.ID);
        List<String> roleCodes = db.select(APP_USER_ROLE.ROLE_CODE).from(APP_USER_ROLE)
                .where(APP_USER_ROLE.USER_ID.eq(id)).fetch(APP_USER_ROLE.ROLE_CODE);
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        roleCodes.forEach(code -> roles.add(Role.fromCode(code)));
        if (roles.isEmpty()) {
            throw new UsernameNotFoundException("User '" + username + "' has no role; give them one in app_user_role.");
        }
        Long customerId = db.select(CUSTOMER.ID).from(CUSTOMER).where(CUSTOMER.USER_ID.eq(id)).fetchOne(CUSTOMER.ID);
        if (customerId == null) { // a contact person of an organisation, with their own sign-in (the cabinet)
            customerId = db.select(CUSTOMER_MEMBER.CUSTOMER_ID).from(CUSTOMER_MEMBER).where(CUSTOMER_MEMBER.USER_ID.eq(id))
                    .fetchOne(CUSTOMER_MEMBER.CUSTOMER_ID);
        }
        Long technicianId = db.select(TECHNICIAN.ID).from(TECHNICIAN).where(TECHNICIAN.USER_ID.eq(id)).fetchOne(TECHNICIAN.ID);
        return new FieldPlanUser(id, user.get(APP_USER.USERNAME), user.get(APP_USER.PASSWORD_HASH), roles.iterator().next(),
                customerId, technicianId, user.get(APP_USER.ENABLED), SessionAccounts.stamp(roleCodes, user.get(APP_USER.PASSWORD_HASH)));
    }
}
