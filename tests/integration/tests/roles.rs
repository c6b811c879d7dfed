//! Roles: create, assign to users from both sides, list, remove.

mod common;

use auth0_sdk::management::types::{
    AssignRoleUsersRequestContent, AssignUserRolesRequestContent, CreateRoleRequestContent,
    DeleteUserRolesRequestContent,
};
use common::{client, tenant};
use futures_util::TryStreamExt;

#[tokio::test]
async fn assign_list_and_remove_roles() {
    let tenant = tenant().await;
    let api = client(&tenant);
    let alice = tenant.users()[0].user_id.clone();
    let bob = tenant.users()[1].user_id.clone();
    let admin = CreateRoleRequestContent {
        name: "admin".into(),
        description: Some("Admins".into()),
    };
    let admin = api.roles().create(admin).send().await.expect("create").id.expect("id");
    let viewer = CreateRoleRequestContent {
        name: "viewer".into(),
        description: None,
    };
    let viewer = api.roles().create(viewer).send().await.expect("create").id.expect("id");

    // User side: alice gets both roles.
    let body = AssignUserRolesRequestContent {
        roles: vec![admin.clone(), viewer.clone()],
    };
    api.users().roles().assign(&alice, body).send().await.expect("assign");
    let roles: Vec<_> = api
        .users()
        .roles()
        .list(&alice)
        .send()
        .await
        .expect("list")
        .into_stream()
        .try_collect()
        .await
        .expect("stream");
    let mut names: Vec<_> = roles.iter().filter_map(|r| r.name.clone()).collect();
    names.sort();
    assert_eq!(names, vec!["admin", "viewer"]);

    // Role side: bob joins admin.
    api.roles()
        .users()
        .assign(
            &admin,
            AssignRoleUsersRequestContent {
                users: vec![bob.clone()],
            },
        )
        .send()
        .await
        .expect("assign users");
    let members: Vec<_> = api
        .roles()
        .users()
        .list(&admin)
        .send()
        .await
        .expect("members")
        .into_stream()
        .try_collect()
        .await
        .expect("stream");
    let mut ids: Vec<_> = members.iter().filter_map(|u| u.user_id.clone()).collect();
    ids.sort();
    let mut expected = vec![alice.clone(), bob.clone()];
    expected.sort();
    assert_eq!(ids, expected);

    // Removal.
    api.users()
        .roles()
        .delete(
            &alice,
            DeleteUserRolesRequestContent {
                roles: vec![admin.clone()],
            },
        )
        .send()
        .await
        .expect("remove");
    let left = api.users().roles().list(&alice).send().await.expect("list");
    assert_eq!(
        left.items.iter().filter_map(|r| r.name.clone()).collect::<Vec<_>>(),
        vec!["viewer"]
    );

    // Unknown role: typed 404.
    let err = api
        .users()
        .roles()
        .assign(
            &alice,
            AssignUserRolesRequestContent {
                roles: vec!["rol_nope".into()],
            },
        )
        .send()
        .await
        .expect_err("unknown role");
    assert!(err.is_not_found(), "{err:?}");
}
