from bot.people.profile import profile_from_user


def test_a_full_users_info_answer() -> None:
    user = {
        "id": "U1",
        "name": "ana",
        "real_name": "Ana Lima",
        "tz": "America/Sao_Paulo",
        "is_admin": False,
        "is_owner": True,
        "deleted": False,
        "profile": {"display_name": "", "real_name": "Ana Lima", "email": "Ana@Example.com"},
    }
    profile = profile_from_user(user, default_tz="UTC")
    assert profile.user_id == "U1"
    assert profile.name == "Ana Lima"
    assert profile.email == "ana@example.com"
    assert profile.tz == "America/Sao_Paulo"
    assert profile.is_workspace_admin
    assert not profile.deactivated


def test_missing_or_unknown_zone_falls_back_to_the_default() -> None:
    assert profile_from_user({"id": "U2"}, default_tz="Europe/Berlin").tz == "Europe/Berlin"
    odd = {"id": "U3", "tz": "Mars/Base"}
    assert profile_from_user(odd, default_tz="UTC").tz == "UTC"


def test_a_deleted_user_is_deactivated_and_named_by_handle() -> None:
    profile = profile_from_user({"id": "U4", "name": "gone", "deleted": True}, default_tz="UTC")
    assert profile.deactivated
    assert profile.name == "gone"
    assert profile.email is None
