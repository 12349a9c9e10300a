<?php
/**
 * Plugin Name: Byline attribution
 * Description: Registers the attribution fields Byline publishes (来源, 作者, 原标题 and its 来源) as post meta readable and writable over the REST API, so that themes and feeds can show them apart from the post's text.
 * Version: 1.0
 * License: GPL-3.0-or-later
 *
 * Install as a plugin or a must-use plugin (wp-content/mu-plugins/).
 * Byline reads the portal's schema for posts and sends these fields only
 * when it finds them there.
 */

defined( 'ABSPATH' ) || exit;

function byline_attribution_register_meta() {
	$fields = array(
		'byline_source'          => 'string',
		'byline_source_url'      => 'url',
		'byline_author'          => 'string',
		'byline_original_title'  => 'string',
		'byline_original_source' => 'string',
	);

	foreach ( $fields as $key => $kind ) {
		register_post_meta(
			'post',
			$key,
			array(
				'type'              => 'string',
				'single'            => true,
				'show_in_rest'      => true,
				'default'           => '',
				'sanitize_callback' => 'url' === $kind ? 'esc_url_raw' : 'sanitize_text_field',
				// Whoever may edit the post may edit where it came from.
				'auth_callback'     => function ( $allowed, $meta_key, $post_id ) {
					return current_user_can( 'edit_post', $post_id );
				},
			)
		);
	}
}
add_action( 'init', 'byline_attribution_register_meta' );
