/* Intentionally empty: the library name mediasoup links with link_whole; the real archive is Debian's, through the dependency. */
