using OrleansChat.Runtime.Membership;

namespace OrleansChat.Runtime.Tests.Membership;

public sealed class MemoryMembershipTableTests : MembershipTableContractTests
{
    protected override IMembershipTable CreateTable() => new MemoryMembershipTable();
}
