package db.migration;

import io.activationhub.customer.IdentityLinks;
import io.activationhub.customer.IdentitySettings;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The postcode-and-surname-sound blocking key now carries the first initial (a common surname in a large town was
 * hundreds of candidates for every incoming record), and a first name given as an initial is kept: every customer's
 * keys are computed again from their source records. Runs once, at the first start after the upgrade; about a
 * minute per few hundred thousand customers.
 */
public class V67__Blocking_keys_with_first_initial extends BaseJavaMigration {

    @Override
    public void migrate(Context context) {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(
                new SingleConnectionDataSource(context.getConnection(), true));
        new IdentityLinks(jdbc, new IdentitySettings(null, null, null, null)).rebuildAllKeys();
    }
}
