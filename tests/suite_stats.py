"""Counters of the security and reliability suite, printed as one line at
the end of the run (see conftest.pytest_terminal_summary)."""

STATS = {
    "cells": 0,
    "denied": 0,
    "allowed": 0,
    "leaks": 0,
    "over_denied": 0,
    "routes": 0,
    "hostile": 0,
    "hostile_clean": 0,
    "concurrency": 0,
    "anomalies": 0,
    "protected_writes": 0,
    "protected_accepted": 0,
    "context_keys": 0,
    "context_honoured": 0,
    "transitions": 0,
    "transitions_wrong": 0,
    "restricted_reads": 0,
    "revealed": 0,
}


def summary_line():
    s = STATS
    return (
        f"security: {s['cells']} matrix cells tried, {s['denied']} denied as expected, "
        f"{s['allowed']} allowed as expected, {s['leaks']} leaks, "
        f"{s['over_denied']} wrongly denied; {s['routes']} routes tried; "
        f"{s['hostile']} hostile cases tried, {s['hostile_clean']} rejected cleanly; "
        f"{s['concurrency']} concurrency runs, {s['anomalies']} anomalies; "
        f"{s['protected_writes']} protected writes tried, {s['protected_accepted']} accepted; "
        f"{s['context_keys']} context keys tried, {s['context_honoured']} honoured; "
        f"{s['transitions']} transitions tried out of order or by every role, "
        f"{s['transitions_wrong']} wrongly run; "
        f"{s['restricted_reads']} restricted reads tried, {s['revealed']} revealed"
    )
