using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Tests.Postgres;

/// <summary>The PostgreSQL options validators (no server needed).</summary>
public sealed class PostgresOptionsTests
{
    [Fact]
    public void Grain_storage_without_a_connection_string_fails_validation_naming_the_option()
    {
        using var services = new ServiceCollection().AddLogging().AddPostgresGrainStorage("Default", o => o.TableName = "bad-name").BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get("Default"));

        Assert.Contains("PostgresGrainStorageOptions.ConnectionString (storage 'Default') must be set", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgresGrainStorageOptions.TableName (storage 'Default')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grain_storage_with_an_unparsable_connection_string_fails_validation()
    {
        using var services = new ServiceCollection().AddLogging().AddPostgresGrainStorage("Default", "Hots=db1").BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get("Default"));

        Assert.Contains("PostgresGrainStorageOptions.ConnectionString (storage 'Default') is not a valid Npgsql connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Membership_table_without_a_host_or_cluster_id_fails_validation_naming_the_options()
    {
        using var services = new ServiceCollection()
            .AddPostgresMembershipTable("Database=orleanschat", "prod")
            .Configure<PostgresMembershipTableOptions>(o => o.ClusterId = " ")
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PostgresMembershipTableOptions>>().Value);

        Assert.Contains("PostgresMembershipTableOptions.ConnectionString must name a Host", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgresMembershipTableOptions.ClusterId must be set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_options_pass_validation()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddPostgresGrainStorage("Default", "Host=db1;Database=orleanschat;Username=chat")
            .AddPostgresMembershipTable("Host=db1;Database=orleanschat;Username=chat")
            .BuildServiceProvider();

        Assert.Equal("grain_state", services.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get("Default").TableName);
        Assert.Equal("orleanschat", services.GetRequiredService<IOptions<PostgresMembershipTableOptions>>().Value.ClusterId);
    }
}
