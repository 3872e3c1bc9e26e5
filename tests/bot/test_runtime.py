import gc

from bot.runtime import settle_startup_objects


def test_what_start_up_built_is_left_out_of_later_collections() -> None:
    built = [["start-up"] for _ in range(100)]
    assert any(item is built[0] for item in gc.get_objects(generation=None))
    try:
        settle_startup_objects()
        assert gc.get_freeze_count() >= len(built)
        assert not any(item is built[0] for item in gc.get_objects())
    finally:
        gc.unfreeze()
