package org.fieldplan.api.persistence;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Geometry;

/**
 * Maps PostGIS geometry columns (the {@code geo_*} domains of the migrations) to JTS {@link Geometry}. Values
 * travel as hex EWKB text: PostGIS prints geometry that way and parses it back with a {@code ::geometry} cast.
 * The database type is {@code byte[]} (EWKB) because jOOQ's generator sees the domains as BLOB: it cannot parse PostGIS.
 */
public final class GeometryBinding implements Binding<byte[], Geometry> {

    private static final Converter<byte[], Geometry> CONVERTER = Converter.ofNullable(
            byte[].class, Geometry.class, Ewkb::fromBytes, Ewkb::toBytes);

    @Override
    public Converter<byte[], Geometry> converter() {
        return CONVERTER;
    }

    @Override
    public void sql(BindingSQLContext<Geometry> ctx) throws SQLException {
        if (ctx.render().paramType() == ParamType.INLINED) {
            ctx.render().visit(DSL.inline(hex(ctx.value()))).sql("::geometry");
        } else {
            ctx.render().sql(ctx.variable()).sql("::geometry");
        }
    }

    @Override
    public void register(BindingRegisterContext<Geometry> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(), Types.VARCHAR);
    }

    @Override
    public void set(BindingSetStatementContext<Geometry> ctx) throws SQLException {
        ctx.statement().setString(ctx.index(), hex(ctx.value()));
    }

    @Override
    public void set(BindingSetSQLOutputContext<Geometry> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException("geometry values are not written through SQLOutput");
    }

    @Override
    public void get(BindingGetResultSetContext<Geometry> ctx) throws SQLException {
        ctx.value(geometry(ctx.resultSet().getString(ctx.index())));
    }

    @Override
    public void get(BindingGetStatementContext<Geometry> ctx) throws SQLException {
        ctx.value(geometry(ctx.statement().getString(ctx.index())));
    }

    @Override
    public void get(BindingGetSQLInputContext<Geometry> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException("geometry values are not read through SQLInput");
    }

    private static @Nullable String hex(@Nullable Geometry geometry) {
        return geometry == null ? null : Ewkb.toHex(geometry);
    }

    private static @Nullable Geometry geometry(@Nullable String hex) {
        return hex == null ? null : Ewkb.fromHex(hex);
    }
}
