package db.migration;

import io.activationhub.customer.IdentityLinks;
import io.activationhub.customer.IdentitySettings;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Customers made before identity links (V30) have no source record and no blocking key: probabilistic matching
 * could not find them as candidates, and a file's member who is one of them would become a second customer. Each
 * gets their golden record as their source record ({@code golden}, keyed by the customer id) and its blocking keys,
 * as {@link IdentityLinks#ensureLinked} does for one customer. Nothing to do on a base made since V30.
 */
public class V66__Link_customers_made_before_identity_links extends BaseJavaMigration {

    @Override
    public void migrate(Context context) {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(
                new SingleConnectionDataSource(context.getConnection(), true));
        new IdentityLinks(jdbc, new IdentitySettings(null, null, null, null)).linkAllUnlinked();
    }
}
