package dev.tollgate.database.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void libpqUrlBecomesJdbcUrlWithUserAndDecodedPasswordTakenOut() {
        DatabaseUrl cut = DatabaseUrl.parse("postgresql://user:p%40ss@host:5433/db?sslmode=require");

        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5433/db?sslmode=require");
        assertThat(cut.user()).isEqualTo("user");
        assertThat(cut.password()).isEqualTo("p@ss");
    }

    @Test
    void postgresSchemeIsAcceptedToo() {
        DatabaseUrl cut = DatabaseUrl.parse("postgres://tollgate:s3cret@db.example.com:5432/tollgate");

        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/tollgate");
        assertThat(cut.user()).isEqualTo("tollgate");
        assertThat(cut.password()).isEqualTo("s3cret");
    }

    @Test
    void withoutPortTheJdbcUrlHasNoneEither() {
        DatabaseUrl cut = DatabaseUrl.parse("postgresql://app:pw@db.internal/tollgate");

        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/tollgate");
    }

    @Test
    void withoutDatabaseThePostgresDatabaseIsUsed() {
        assertThat(DatabaseUrl.parse("postgresql://app:pw@host:5432").jdbcUrl())
                .isEqualTo("jdbc:postgresql://host:5432/postgres");
        assertThat(DatabaseUrl.parse("postgresql://app:pw@host/").jdbcUrl())
                .isEqualTo("jdbc:postgresql://host/postgres");
        assertThat(DatabaseUrl.parse("postgresql://app:pw@host/?sslmode=disable")
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://host/postgres?sslmode=disable");
    }

    @Test
    void userAndPasswordMayComeAsQueryParametersAndAreTakenOutOfTheJdbcUrl() {
        DatabaseUrl cut = DatabaseUrl.parse(
                "postgresql://host:5432/db?sslmode=require&user=app&password=s%26cr%3Det&application_name=tollgate");

        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db?sslmode=require&application_name=tollgate");
        assertThat(cut.user()).isEqualTo("app");
        assertThat(cut.password()).isEqualTo("s&cr=et");
    }

    @Test
    void onlyUserAndPasswordParametersLeaveNoQuestionMark() {
        DatabaseUrl cut = DatabaseUrl.parse("postgresql://host/db?user=app&password=pw");

        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db");
        assertThat(cut.user()).isEqualTo("app");
        assertThat(cut.password()).isEqualTo("pw");
    }

    @Test
    void userWithoutPasswordAndNoUserAtAllGiveEmptyStrings() {
        DatabaseUrl userOnly = DatabaseUrl.parse("postgresql://app@host/db");
        assertThat(userOnly.user()).isEqualTo("app");
        assertThat(userOnly.password()).isEmpty();

        DatabaseUrl anonymous = DatabaseUrl.parse("postgresql://host/db");
        assertThat(anonymous.user()).isEmpty();
        assertThat(anonymous.password()).isEmpty();
    }

    @Test
    void percentEncodedUserNameIsDecoded() {
        DatabaseUrl cut = DatabaseUrl.parse("postgresql://app%40corp:pw@host/db");

        assertThat(cut.user()).isEqualTo("app@corp");
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        DatabaseUrl cut = DatabaseUrl.parse("  postgresql://app:pw@host/db\n");

        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db");
        assertThat(cut.password()).isEqualTo("pw");
    }

    @Test
    void jdbcUrlHasUserAndPasswordParametersExtracted() {
        DatabaseUrl cut = DatabaseUrl.parse(
                "jdbc:postgresql://host:5432/db?user=app&password=p%40ss&sslmode=require&ApplicationName=tollgate");

        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db?sslmode=require&ApplicationName=tollgate");
        assertThat(cut.user()).isEqualTo("app");
        assertThat(cut.password()).isEqualTo("p@ss");
    }

    @Test
    void jdbcUrlWithOnlyCredentialParametersLosesTheQuestionMark() {
        DatabaseUrl cut = DatabaseUrl.parse("jdbc:postgresql://host/db?password=pw&user=app");

        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db");
        assertThat(cut.user()).isEqualTo("app");
        assertThat(cut.password()).isEqualTo("pw");
    }

    @Test
    void jdbcUrlWithoutParametersIsKeptAsIs() {
        DatabaseUrl cut = DatabaseUrl.parse("jdbc:postgresql://localhost:5432/tollgate");

        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/tollgate");
        assertThat(cut.user()).isEmpty();
        assertThat(cut.password()).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n"})
    void emptyUrlIsRefused(String url) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseUrl.parse(url))
                .withMessage("DATABASE_URL is empty");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mysql://root:Hunter2-Secret@db/app",
                "http://root:Hunter2-Secret@db/app",
                "jdbc:mysql://db/app?user=root&password=Hunter2-Secret",
                "postgresql:/root:Hunter2-Secret@db/app",
                "root:Hunter2-Secret@db/app"
            })
    void badSchemeIsRefusedWithoutShowingThePassword(String url) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseUrl.parse(url))
                .withMessageStartingWith("DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql:")
                .withMessageNotContaining("Hunter2")
                .withMessageNotContaining("Secret");
    }

    @Test
    void badSchemeMessageNamesTheScheme() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseUrl.parse("mysql://root:Hunter2-Secret@db/app"))
                .withMessageContaining("(got scheme 'mysql')");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hunter 2-Secret", "Hunter2^Secret", "Hunter2{Secret}", "12/34?56"})
    void unencodedSpecialCharactersInThePasswordAreTakenLiterallyAsLibpqDoes(String password) {
        DatabaseUrl cut = DatabaseUrl.parse("postgresql://app:" + password + "@host/db");

        assertThat(cut.password()).isEqualTo(password);
        assertThat(cut.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db").doesNotContain(password);
    }

    @Test
    void aMalformedPercentEscapeIsRefusedWithoutShowingThePassword() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseUrl.parse("postgres://app:Hunter2%Secret@host/db"))
                .withMessageContaining("percent-encode")
                .withMessageNotContaining("Hunter2")
                .withMessageNotContaining("Secret");
    }

    @Test
    void urlWithoutHostIsRefusedWithoutShowingThePassword() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseUrl.parse("postgresql://app:Hunter2Secret@/db"))
                .withMessageStartingWith("DATABASE_URL has no valid host[:port]")
                .withMessageNotContaining("Hunter2Secret");
    }

    @Test
    void hostNamesWithUnderscoresAndIpv6AddressesAreAccepted() {
        assertThat(DatabaseUrl.parse("postgresql://app@tollgate_db:5432/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://tollgate_db:5432/db");
        assertThat(DatabaseUrl.parse("postgresql://app@[::1]:5432/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/db");
    }

    @Test
    void aPlusInThePasswordStaysAPlus() {
        assertThat(DatabaseUrl.parse("postgresql://app:a+b@host/db").password()).isEqualTo("a+b");
    }

    @Test
    void jdbcFormWithAMalformedEscapeNeverEchoesThePassword() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseUrl.parse("jdbc:postgresql://host/db?user=app&password=ab%zzcd"))
                .withMessageNotContaining("zz")
                .withMessageNotContaining("abcd");
    }

    @Test
    void toStringShowsJdbcUrlAndUserButNeverThePassword() {
        DatabaseUrl cut = DatabaseUrl.parse("postgresql://app:Hunter2Secret@host:5433/db?sslmode=require");

        assertThat(cut.toString())
                .isEqualTo("jdbc:postgresql://host:5433/db?sslmode=require (user app)")
                .doesNotContain("Hunter2Secret");
    }

    @Test
    void constructorRefusesNonPostgresJdbcUrlsAndNormalisesMissingCredentials() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DatabaseUrl("jdbc:mysql://host/db", "u", "p"));
        assertThatIllegalArgumentException().isThrownBy(() -> new DatabaseUrl(null, "u", "p"));

        DatabaseUrl cut = new DatabaseUrl("jdbc:postgresql://host/db", null, null);
        assertThat(cut.user()).isEmpty();
        assertThat(cut.password()).isEmpty();
    }
}
