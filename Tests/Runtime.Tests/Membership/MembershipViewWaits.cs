using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Membership;

/// <summary>Waits on a membership view's change signal.</summary>
internal static class MembershipViewWaits
{
    /// <summary>The first snapshot of <paramref name="view"/> satisfying <paramref name="condition"/>; fails the test after <see cref="TestTimeouts.Signal"/>.</summary>
    public static async Task<MembershipSnapshot> WaitUntilAsync(this IClusterMembershipView view, Func<MembershipSnapshot, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        var snapshot = view.Current;
        while (!condition(snapshot))
        {
            snapshot = await view.WaitForChangeAsync(snapshot.Version, timeout.Token);
        }

        return snapshot;
    }

    /// <summary>The first snapshot in which <paramref name="silo"/> has <paramref name="status"/>.</summary>
    public static Task<MembershipSnapshot> WaitForStatusAsync(this IClusterMembershipView view, SiloAddress silo, SiloStatus status) =>
        view.WaitUntilAsync(s => s.GetStatus(silo) == status);

    /// <summary>Polls <paramref name="condition"/> (no signal exists for it) until true; fails the test after <see cref="TestTimeouts.Signal"/>.</summary>
    public static async Task PollUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    /// <summary>The table's row of <paramref name="silo"/>.</summary>
    public static async Task<MembershipEntry?> RowAsync(this IMembershipTable table, SiloAddress silo) =>
        (await table.ReadAllAsync(CancellationToken.None)).SingleOrDefault(r => r.Silo == silo);
}
