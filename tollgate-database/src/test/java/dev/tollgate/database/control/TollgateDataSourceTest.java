package dev.tollgate.database.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

class TollgateDataSourceTest {

    private static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/tollgate";

    @Test
    void databaseUrlInLibpqFormIsUsed() {
        DatabaseUrl location = TollgateDataSource.locate(new MapConfig(Map.of(
                "DATABASE_URL",
                "postgresql://user:p%40ss@host:5433/db?sslmode=require",
                "tollgate.db.url",
                DEFAULT_URL)));

        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5433/db?sslmode=require");
        assertThat(location.user()).isEqualTo("user");
        assertThat(location.password()).isEqualTo("p@ss");
    }

    @Test
    void databaseUrlWinsOverTheSeparateSettings() {
        DatabaseUrl location = TollgateDataSource.locate(new MapConfig(Map.of(
                "DATABASE_URL", "jdbc:postgresql://db/app?user=app&password=from-url",
                "tollgate.db.url", DEFAULT_URL,
                "tollgate.db.user", "other",
                "tollgate.db.password", "other-password")));

        assertThat(location).isEqualTo(new DatabaseUrl("jdbc:postgresql://db/app", "app", "from-url"));
    }

    @Test
    void theDashboardPrefersItsOwnRoleAndFallsBackToTheEngines() {
        String engine = "postgresql://tollgate:engine-password@db/tollgate";
        String dashboard = "postgresql://tollgate_dashboard:dashboard-password@db/tollgate";
        assertThat(TollgateDataSource.locate(
                                new MapConfig(Map.of("DATABASE_URL", engine, "DASHBOARD_DATABASE_URL", dashboard)),
                                DashboardTollgateDataSource.URL_VARIABLES)
                        .user())
                .isEqualTo("tollgate_dashboard");
        assertThat(TollgateDataSource.locate(
                                new MapConfig(Map.of("DATABASE_URL", engine)),
                                DashboardTollgateDataSource.URL_VARIABLES)
                        .user())
                .isEqualTo("tollgate");
        // the engine never takes the dashboard's role
        assertThat(TollgateDataSource.locate(
                                new MapConfig(Map.of("DATABASE_URL", engine, "DASHBOARD_DATABASE_URL", dashboard)))
                        .user())
                .isEqualTo("tollgate");
    }

    @Test
    void withoutDatabaseUrlTheSeparateSettingsAreUsed() {
        DatabaseUrl location = TollgateDataSource.locate(new MapConfig(Map.of(
                "tollgate.db.url", DEFAULT_URL,
                "tollgate.db.user", "tollgate",
                "tollgate.db.password", "s3cret")));

        assertThat(location).isEqualTo(new DatabaseUrl(DEFAULT_URL, "tollgate", "s3cret"));
    }

    @Test
    void separateUserAndPasswordOverrideThoseInTheUrl() {
        DatabaseUrl location = TollgateDataSource.locate(new MapConfig(Map.of(
                "tollgate.db.url", "jdbc:postgresql://db/app?user=in-url&password=in-url&sslmode=require",
                "tollgate.db.password", "separate")));

        assertThat(location)
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db/app?sslmode=require", "in-url", "separate"));
    }

    @Test
    void defaultUrlAloneHasNoCredentials() {
        DatabaseUrl location = TollgateDataSource.locate(new MapConfig(Map.of("tollgate.db.url", DEFAULT_URL)));

        assertThat(location).isEqualTo(new DatabaseUrl(DEFAULT_URL, "", ""));
    }

    @Test
    void invalidDatabaseUrlFailsWithoutShowingThePassword() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TollgateDataSource.locate(
                        new MapConfig(Map.of("DATABASE_URL", "mysql://root:Hunter2Secret@db/app"))))
                .withMessageNotContaining("Hunter2Secret");
    }

    /** A configuration of plain strings, as MicroProfile Config would hand them over. */
    private record MapConfig(Map<String, String> values) implements Config {

        @Override
        public <T> T getValue(String propertyName, Class<T> propertyType) {
            return getOptionalValue(propertyName, propertyType)
                    .orElseThrow(() -> new NoSuchElementException(propertyName));
        }

        @Override
        public ConfigValue getConfigValue(String propertyName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
            return Optional.ofNullable(values.get(propertyName)).map(propertyType::cast);
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnsupportedOperationException();
        }
    }
}
