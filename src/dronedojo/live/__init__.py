"""Live flying: sessions flown by people, all stepped together by one engine, recorded as
they fly. Sits above sim/ and exercises/ (a session is an exercise attempt on a simulated
drone); web/ only connects sockets to it."""
