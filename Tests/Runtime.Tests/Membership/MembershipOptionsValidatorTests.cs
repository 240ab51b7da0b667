using OrleansChat.Runtime.Configuration;

namespace OrleansChat.Runtime.Tests.Membership;

public sealed class MembershipOptionsValidatorTests
{
    public static TheoryData<string, Action<MembershipOptions>> InvalidOptions => new()
    {
        { "MembershipOptions.ClusterId", o => o.ClusterId = "" },
        { "MembershipOptions.ClusterId", o => o.ClusterId = "has space" },
        { "MembershipOptions.ClusterId", o => o.ClusterId = new string('c', 65) },
        { "MembershipOptions.HeartbeatInterval", o => o.HeartbeatInterval = TimeSpan.Zero },
        { "MembershipOptions.TableRefreshInterval", o => o.TableRefreshInterval = TimeSpan.FromSeconds(-1) },
        { "MembershipOptions.DeathTimeout", o => o.DeathTimeout = Timeout.InfiniteTimeSpan },
        { "MembershipOptions.UnreachableGracePeriod", o => o.UnreachableGracePeriod = TimeSpan.Zero },
        { "MembershipOptions.DefunctRetention", o => o.DefunctRetention = TimeSpan.Zero },
        { "MembershipOptions.DeathTimeout", o => o.DeathTimeout = TimeSpan.FromSeconds(4) },
        { "MembershipOptions.UnreachableGracePeriod", o => o.UnreachableGracePeriod = TimeSpan.FromSeconds(1) },
    };

    [Fact]
    public void Defaults_are_valid()
    {
        var options = new MembershipOptions();

        Assert.True(new MembershipOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("orleanschat", options.ClusterId);
        Assert.Equal(TimeSpan.FromSeconds(2), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.TableRefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.DeathTimeout);
        Assert.Equal(options.HeartbeatInterval * 2, options.UnreachableGracePeriod);
        Assert.Equal(TimeSpan.FromHours(1), options.DefunctRetention);
    }

    [Fact]
    public void Short_test_intervals_are_valid()
    {
        Assert.True(new MembershipOptionsValidator().Validate(null, MembershipTestKit.FastOptions()).Succeeded);
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_option_fails_with_a_message_naming_it(string optionName, Action<MembershipOptions> breakIt)
    {
        var options = new MembershipOptions();
        breakIt(options);

        var result = new MembershipOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(optionName, result.FailureMessage, StringComparison.Ordinal);
    }
}
