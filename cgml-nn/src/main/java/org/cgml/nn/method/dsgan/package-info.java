/** DSGAN on cGML's network: pix2pix plus the diversity-sensitive term on two codes per input. */
package org.cgml.nn.method.dsgan;
